import json, random
random.seed(2024)
provinces = [("11","Aceh","sumatera"),("12","Sumatera Utara","sumatera"),("13","Sumatera Barat","sumatera"),("14","Riau","sumatera"),("15","Jambi","sumatera"),("16","Sumatera Selatan","sumatera"),("17","Bengkulu","sumatera"),("18","Lampung","sumatera"),("19","Kepulauan Bangka Belitung","sumatera"),("21","Kepulauan Riau","sumatera"),("31","DKI Jakarta","jawa"),("32","Jawa Barat","jawa"),("33","Jawa Tengah","jawa"),("34","DI Yogyakarta","jawa"),("35","Jawa Timur","jawa"),("36","Banten","jawa"),("51","Bali","bali-nusa-tenggara"),("52","Nusa Tenggara Barat","bali-nusa-tenggara"),("53","Nusa Tenggara Timur","bali-nusa-tenggara"),("61","Kalimantan Barat","kalimantan"),("62","Kalimantan Tengah","kalimantan"),("63","Kalimantan Selatan","kalimantan"),("64","Kalimantan Timur","kalimantan"),("65","Kalimantan Utara","kalimantan"),("71","Sulawesi Utara","sulawesi"),("72","Sulawesi Tengah","sulawesi"),("73","Sulawesi Selatan","sulawesi"),("74","Sulawesi Tenggara","sulawesi"),("75","Gorontalo","sulawesi"),("76","Sulawesi Barat","sulawesi"),("81","Maluku","maluku-papua"),("82","Maluku Utara","maluku-papua"),("91","Papua","maluku-papua"),("92","Papua Barat","maluku-papua"),("93","Papua Selatan","maluku-papua"),("94","Papua Tengah","maluku-papua"),("95","Papua Pegunungan","maluku-papua"),("96","Papua Barat Daya","maluku-papua")]
assert len(provinces)==38
dims = [
 ("fisik_politik","Lingkungan Fisik dan Politik",40,[
   ("kebebasan_mencari","Kebebasan mencari informasi tanpa rasa takut",["Pemohon dapat meminta informasi tanpa intimidasi","Jurnalis dan warga mencari informasi tanpa ancaman"]),
   ("partisipasi_publik","Partisipasi publik",["Masyarakat dilibatkan dalam perumusan kebijakan","Saluran pengaduan dan masukan publik berfungsi"]),
   ("informasi_akurat","Informasi akurat dan terpercaya",["Informasi publik mutakhir dan akurat","Informasi publik dapat dipercaya"])]),
 ("ekonomi","Lingkungan Ekonomi",30,[
   ("biaya_rendah","Biaya memperoleh informasi yang rendah",["Salinan informasi tersedia tanpa biaya atau dengan biaya wajar","Akses daring mengurangi biaya memperoleh informasi"]),
   ("dukungan_anggaran","Dukungan anggaran untuk pengelolaan informasi",["Anggaran PPID memadai","Anggaran digitalisasi layanan informasi tersedia"]),
   ("tata_kelola","Tata kelola informasi (PPID)",["PPID terbentuk dan bekerja","Daftar Informasi Publik disusun dan dimutakhirkan"])]),
 ("hukum","Lingkungan Hukum",30,[
   ("jaminan_hukum","Jaminan hukum atas akses informasi",["Peraturan daerah menjamin akses informasi","Informasi yang dikecualikan ditetapkan lewat uji konsekuensi"]),
   ("kepatuhan_uu","Kepatuhan terhadap UU KIP",["Badan publik mematuhi putusan Komisi Informasi","Permohonan dijawab dalam jangka waktu UU KIP"]),
   ("perlindungan_pemohon","Perlindungan bagi pemohon informasi",["Pemohon tidak dikriminalisasi karena meminta informasi","Identitas pemohon dilindungi"]),
   ("penyelesaian_sengketa","Ketersediaan penyelesaian sengketa informasi",["Komisi Informasi provinsi terbentuk dan bekerja","Sengketa informasi diselesaikan tepat waktu"])]),
]
indicators=[]
qids=[]
n=0
for did,dname,dw,inds in dims:
    ind_list=[]
    for iid,iname,subs in inds:
        qs=[]
        for text in subs:
            n+=1
            qid=f"SI{n:02d}"
            qids.append(qid)
            qs.append({"id":qid,"text":text,"kind":"rating","evidence":"none","allow_na":True})
        ind_list.append({"id":iid,"name":iname,"weight":1,"questions":qs})
    indicators.append({"id":did,"name":dname,"weight":dw,"indicators":ind_list})
instrument={
 "id":"ikip-2024","name":"Indeks Keterbukaan Informasi Publik 2024 — contoh kip-index (BUKAN instrumen resmi; sub-indikator dan bobot dibuat untuk contoh)",
 "decimals":2,
 "categories":[{"id":"provinsi","name":"Provinsi"}],
 "stages":[{"id":"ia","name":"Informan Ahli","weight":70,"questionnaire":True},{"id":"dpn","name":"Dewan Penilai Nasional","weight":30}],
 "absent_stage":"zero",
 "qualifications":[{"id":"baik_sekali","name":"Baik Sekali","min":90},{"id":"baik","name":"Baik","min":80},{"id":"sedang","name":"Sedang","min":60},{"id":"buruk","name":"Buruk","min":40},{"id":"buruk_sekali","name":"Buruk Sekali","min":0}],
 "tie_break":["stage:ia","indicator:hukum"],
 "indicators":indicators,
 "rollup":{"id":"nasional","name":"IKIP Nasional","parts":[{"weight":70,"mean_of":"stage:ia"},{"weight":30,"value":74.00}]}
}
json.dump(instrument,open("examples/ikip-2024/instrument.json","w"),indent=1,ensure_ascii=False)
groups=["pemerintah","bisnis","masyarakat","akademisi","media"]
lines=[]; stages=["agency,stage,score"]; roster=["id,name,category,region"]
for code,name,region in provinces:
    base=random.uniform(64,86)
    if name=="Jawa Barat": base=86
    roster.append(f"{code},Provinsi {name},provinsi,{region}")
    for r in range(10):
        group=groups[r//2]
        off=random.uniform(-6,6)
        answers={}
        for q in qids:
            if random.random()<0.03:
                answers[q]={"na":True}
            else:
                v=round(min(100,max(0,base+off+random.uniform(-7,7))))
                answers[q]={"value":v}
        sub={"instrument":"ikip-2024","agency":{"id":code,"name":f"Provinsi {name}","category":"provinsi","region":region},"rater":f"IA-{r+1:02d}","rater_group":group,"answers":answers}
        lines.append(json.dumps(sub,ensure_ascii=False,separators=(",",":")))
    stages.append(f"{code},dpn,{round(min(100,base+random.uniform(-5,3)),2)}")
open("examples/ikip-2024/submissions.jsonl","w").write("\n".join(lines)+"\n")
open("examples/ikip-2024/stage-scores.csv","w").write("\n".join(stages)+"\n")
open("examples/ikip-2024/roster.csv","w").write("\n".join(roster)+"\n")
print(len(lines), "lines")
